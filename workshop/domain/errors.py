"""Named errors that the entry points turn into the protocol's error shape."""


def N_(message: str) -> str:
    """Mark a message for translation; the entry point translates it into the workshop language."""
    return message


class CocreaError(Exception):
    """A refusal the user can act on: a protocol code and a message to translate."""

    code = "invalid"
    http_status = 400
    default_message = N_("The request is not valid.")

    def __init__(self, message: str | None = None, **params: object) -> None:
        self.message = message or self.default_message
        self.params = params
        super().__init__(self.message % params if params else self.message)


class Invalid(CocreaError):
    code = "invalid"


class WrongPin(Invalid):
    """A join without the PIN the projector shows, or with another: counted per address."""

    default_message = N_("Type the PIN shown on the projector.")


class Unauthorized(CocreaError):
    code = "unauthorized"
    http_status = 401
    default_message = N_("This link or token is not valid for this workshop.")


class Forbidden(CocreaError):
    code = "forbidden"
    http_status = 403
    default_message = N_("Only the facilitator can do that.")


class NotFound(CocreaError):
    code = "not_found"
    http_status = 404
    default_message = N_("There is no workshop with that code.")


class WrongPhase(CocreaError):
    code = "wrong_phase"
    http_status = 409
    default_message = N_("That is not possible in the current phase.")


class BudgetExhausted(CocreaError):
    code = "budget_exhausted"
    http_status = 409
    default_message = N_("You have used all your votes.")


class RateLimited(CocreaError):
    code = "rate_limited"
    http_status = 429
    default_message = N_("Too many requests; wait a moment and try again.")

    def __init__(
        self, message: str | None = None, retry_after_s: float | None = None, **params: object
    ) -> None:
        super().__init__(message, **params)
        self.retry_after_s = retry_after_s  # when the sender may try again, if known


class Closed(CocreaError):
    code = "closed"
    http_status = 409
    default_message = N_("This workshop is closed.")


class Conflict(CocreaError):
    code = "conflict"
    http_status = 409
    default_message = N_("Someone else changed this in the meantime; reload and try again.")
