"""The admins' read-only window on the audit log; there is deliberately no route that edits or deletes."""

from datetime import date

from flask import Blueprint, current_app, render_template, request

from techport.accounts.models import Role
from techport.accounts.permissions import require_role
from techport.audit import services
from techport.input_guards import int_arg, whole_number

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
PER_PAGE = 50


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _filters() -> services.AuditFilters:
    return services.AuditFilters(
        action=request.args.get("action", "").strip(),
        target_type=request.args.get("target_type", "").strip(),
        target_id=whole_number(request.args.get("target_id"), minimum=1),
        actor_email=request.args.get("actor", "").strip(),
        since=_date_arg("since"),
        until=_date_arg("until"),
    )


@bp.route("/")
@require_role(Role.ADMIN)
def index():
    filters = _filters()
    return render_template(
        "audit/index.html",
        entries=services.browse(
            filters, page=int_arg("page", 1), per_page=current_app.config.get("AUDIT_PER_PAGE", PER_PAGE)
        ),
        filters=filters,
        actions=services.known_actions(),
        target_types=services.known_target_types(),
        query_args={key: value for key, value in request.args.items() if key != "page" and value},
    )
