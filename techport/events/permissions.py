"""Who may run events and see registrations (personal data), and who answers a meeting request."""

from techport.accounts.permissions import is_signed_in, is_staff, require_exhibit_curator
from techport.events.models import MeetingRequest


def can_manage_events(user) -> bool:
    """Curators and admins, the same people who curate exhibits."""
    return is_staff(user)


def require_event_manager() -> None:
    require_exhibit_curator()


def can_decide_meeting(user, meeting: MeetingRequest) -> bool:
    """The presenter's organisation answers a meeting request; nobody answers for it."""
    return is_signed_in(user) and user.organisation_id == meeting.presenter_organisation_id
