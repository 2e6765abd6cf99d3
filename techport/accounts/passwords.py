"""The password policy (OWASP ASVS 2.1): long enough, not common, not built from the account's own details.

Guessability comes from zxcvbn, whose dictionaries hold the most common leaked passwords, names,
words and keyboard patterns; its score 3 means "safely unguessable" (about 10^8 guesses and up).
"""

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError
from zxcvbn import zxcvbn

from techport.accounts.models import PASSWORD_MIN

MIN_GUESSABILITY_SCORE = 3
# zxcvbn refuses longer input (its matching grows fast with length); the first 72 characters decide.
ZXCVBN_MAX_LENGTH = 72
# A local part shorter than this ("an@…") is too common a fragment to forbid.
MIN_FORBIDDEN_FRAGMENT = 3
SITE_WORDS = ("techport", "tech port", "dost", "hcmc")

PASSWORD_HINT = _l(
    "At least %(min)d characters. Not a common password and not your e-mail; a phrase of a few unrelated words works well.",
    min=PASSWORD_MIN,
)


def password_problem(password: str, email: str | None, full_name: str | None = None) -> str | None:
    """Why ``password`` is refused for this account, or ``None`` when it is acceptable."""
    if len(set(password)) <= 1:
        return str(_l("The password must not be one character repeated."))
    local_part = (email or "").split("@")[0].strip().lower()
    if len(local_part) >= MIN_FORBIDDEN_FRAGMENT and local_part in password.lower():
        return str(_l("The password must not contain your e-mail address."))
    user_inputs = [word for word in (local_part, *(full_name or "").lower().split(), *SITE_WORDS) if word]
    if zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=user_inputs)["score"] < MIN_GUESSABILITY_SCORE:
        return str(
            _l(
                "This password is too common or too easy to guess. "
                "Use a longer phrase of a few unrelated words instead."
            )
        )
    return None


def check_new_password(password: str, email: str | None, full_name: str | None = None) -> None:
    """WTForms-style check: raise ``ValidationError`` with the reason."""
    problem = password_problem(password, email, full_name)
    if problem:
        raise ValidationError(problem)
