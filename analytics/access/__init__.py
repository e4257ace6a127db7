"""Who may do what: roles and the actor (`roles`), jurisdictions (`scope`), passwords and the sign-in throttle
(`credentials`), the user directory in secrets.toml (`directory`) and the audit log (`audit`). The actions that
change state check, act and record through `analytics.actions`; storage itself knows no actor."""
