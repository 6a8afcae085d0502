"""The errors a user may see. The CLI turns each into one line on stderr."""


class HarmtrackError(Exception):
    """Bad data or a failed operation: exit 1."""

    exit_code = 1


class UsageError(HarmtrackError):
    """Bad usage (a malformed option, an unknown name): exit 2."""

    exit_code = 2


class FieldError(HarmtrackError):
    """A value that breaks the record's rules, naming the field and value."""

    def __init__(self, field: str, value: object, problem: str, *, cause: Exception | None = None):
        self.field = field
        self.value = value
        self.problem = problem
        self.cause = cause  # the typed error behind the problem, for callers to branch on
        super().__init__(f"field '{field}': {problem}")
