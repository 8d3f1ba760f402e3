"""Fieldwork for the board: invitations, response and response rate per gemeente and channel."""
