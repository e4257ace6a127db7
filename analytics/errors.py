"""Typed errors whose messages are safe to show to users, in Chinese and English."""


class AnalyticsError(Exception):
    """An error the user can act on; carries one message per UI language."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


class StoreError(AnalyticsError):
    """The snapshot store cannot do what was asked (missing version, busy writer, broken table)."""


class ConcurrentCommitError(StoreError):
    """Another writer committed first and retries ran out; the caller may simply try again."""


class PermissionDenied(AnalyticsError):
    """The caller's role does not allow the action (viewers never change data)."""


class NeedsAnalyst(PermissionDenied):
    """Only a signed-in analyst (or administrator) may do this."""


class NeedsAdmin(PermissionDenied):
    """Only an administrator may do this; some things only one with a national scope."""


class OutsideScope(PermissionDenied):
    """The action reaches rows, places or accounts outside the actor's scope."""


class WrongPassword(PermissionDenied):
    """A sign-in with an unknown name or a wrong password (the two are not told apart)."""


class SettingError(AnalyticsError):
    """A setting from the environment or secrets has a malformed value."""


class UnscopedSourceError(AnalyticsError):
    """A query names a data source in a form the reader's scope cannot wrap; it is never run."""
