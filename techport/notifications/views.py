"""The signed-in person's notification list and the unread count shown in the header."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from techport.extensions import db
from techport.notifications import services

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.app_context_processor
def inject_unread_notifications():
    if not current_user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": services.unread_count(current_user)}


@bp.route("/")
@login_required
def index():
    return render_template("notifications/index.html", notifications=services.recent_for(current_user))


@bp.route("/read", methods=["POST"])
@login_required
def mark_all_read():
    services.mark_all_read(current_user)
    db.session.commit()
    return redirect(url_for("notifications.index"))
