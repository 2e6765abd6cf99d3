"""``/dev/mail``: what the development SMTP sink caught. Registered only outside production."""

from flask import Blueprint, render_template

from techport.mail_delivery.sink import caught_messages, dev_mail_dir

bp = Blueprint("dev_mail", __name__, url_prefix="/dev")


@bp.get("/mail")
def caught_mail():
    directory = dev_mail_dir()
    return render_template("dev/mail.html", messages=caught_messages(directory), directory=directory)
