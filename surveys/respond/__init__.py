"""Online answering: the tenant's pages from code to confirmation, the open link and the
builder's preview (blueprint ``respond``)."""
