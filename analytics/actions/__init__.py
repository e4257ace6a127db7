"""Every action that changes state — commits, restores, rounds, events, contacts, published lists, alerts,
users — and the records of what people read (sign-in, exports, refusals). Each checks the caller's role
and scope, acts, and writes its audit entry in one function, so the command line and the browser call
these and record nothing themselves; a new entry point cannot forget the audit. `ACTIONS` lists them."""
