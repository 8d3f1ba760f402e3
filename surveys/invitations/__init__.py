"""Invitations: one typeable, unguessable code per household per survey.

The public API for other parts (letters, paper forms, keying) is in ``operations``:
``create_invitations``, ``find_invitation``, ``clear_code``, ``code_url``, ``reissue_code``,
``iter_clear_codes``; the code format itself is in ``codes``.
"""
