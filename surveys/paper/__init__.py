"""The paper channel: printable forms with their layout files, and invitation letters."""
