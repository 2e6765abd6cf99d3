"""The development SMTP sink stores what it catches, /dev/mail shows it, and production has no such page."""

from techport import create_app
from techport.extensions import db
from techport.mail import send_mail
from techport.mail_delivery.outbox import deliver_pending
from techport.mail_delivery.sink import start_sink


def test_the_sink_catches_mail_and_the_dev_page_shows_it(app, client, tmp_path):
    sink = start_sink(tmp_path / "dev-mail")
    saved = {key: app.config[key] for key in ("SMTP_URL", "MAIL_BATCH_SIZE", "DEV_MAIL_DIR")}
    app.config.update(
        SMTP_URL=f"smtp://127.0.0.1:{sink.port}", MAIL_BATCH_SIZE=100_000, DEV_MAIL_DIR=str(tmp_path / "dev-mail")
    )
    try:
        with app.app_context():
            send_mail("sink-reader@test.example", "Thư thử nghiệm / Test mail", "Xin chào từ máy chủ thử nghiệm.")
            db.session.commit()
            deliver_pending()
        assert [path.suffix for path in (tmp_path / "dev-mail").iterdir()].count(".eml") >= 1
        page = client.get("/dev/mail").get_data(as_text=True)
    finally:
        sink.stop()
        app.config.update(saved)
    assert "Thư thử nghiệm / Test mail" in page
    assert "sink-reader@test.example" in page
    assert "Xin chào từ máy chủ thử nghiệm." in page


def test_the_dev_page_is_empty_before_any_mail(app, client, tmp_path):
    app.config["DEV_MAIL_DIR"] = str(tmp_path / "nothing-yet")
    try:
        response = client.get("/dev/mail")
    finally:
        app.config["DEV_MAIL_DIR"] = None
    assert response.status_code == 200
    assert "Chưa bắt được thư nào" in response.get_data(as_text=True)


def test_production_has_no_dev_mail_page(tmp_path):
    production = create_app(
        {
            "TECHPORT_ENV": "production",
            "SECRET_KEY": "x" * 40,
            "BASE_URL": "https://techport.example",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
        }
    )
    response = production.test_client().get("/dev/mail", headers={"Host": "techport.example"})
    assert response.status_code == 404
