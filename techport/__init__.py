"""Techport: technology-exchange marketplace of Ho Chi Minh City's Department of Science and Technology."""

import logging
from collections.abc import Mapping
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from techport.config import finalise_settings, settings_from_env
from techport.extensions import (
    babel,
    compress,
    csrf,
    db,
    install_sqlite_transaction_fix,
    limiter,
    login_manager,
    migrate,
)
from techport.urls import TechportFlask

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
TEMPLATES_DIR = REPO_ROOT / "templates"
MIGRATIONS_DIR = REPO_ROOT / "migrations"


def create_app(config: Mapping | None = None) -> Flask:
    """Build the app from ``TECHPORT_*`` variables, then apply ``config`` overrides (tests use these)."""
    app = TechportFlask(__name__, template_folder=str(TEMPLATES_DIR), static_folder="static")
    app.config.update(settings_from_env())
    app.config.update(config or {})
    finalise_settings(app.config, config or {})
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'techport.db'}"
    if not app.config.get("ATTACHMENT_DIR"):
        app.config["ATTACHMENT_DIR"] = str(Path(app.instance_path) / "attachments")
    from techport.logging_setup import install_request_logging

    install_request_logging(app)
    # One line per Elasticsearch request drowns the CLI's own output; failures still show.
    logging.getLogger("elastic_transport").setLevel(logging.WARNING)

    if app.config.get("PROXY_HOPS"):
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    _init_extensions(app)
    from techport.input_guards import install_input_guards

    install_input_guards(app)
    _register_blueprints(app)

    from techport.search.outbox import install_outbox_hook

    install_outbox_hook()

    from techport.errors import register_error_handlers
    from techport.security import install_security_headers

    register_error_handlers(app)
    install_security_headers(app)
    return app


def _init_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from techport.i18n import current_locale, select_locale

    install_sqlite_transaction_fix()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PACKAGE_DIR / "translations"),
    )
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"

    limiter.init_app(app)
    compress.init_app(app)

    @login_manager.user_loader
    def load_user(session_id: str):
        from techport.accounts.services import user_for_session_id

        return user_for_session_id(session_id)

    @app.context_processor
    def inject_locale():
        return {"current_locale": current_locale(), "languages": app.config["LANGUAGES"]}


def _register_blueprints(app: Flask) -> None:
    # The periodic jobs' runs and the background processes' heartbeats (techport doctor reads them)
    # belong to the schema although no page reads them.
    import techport.ops.heartbeats  # noqa: F401
    import techport.worker.models  # noqa: F401
    from techport.accounts.admin_views import bp as admin_users_bp
    from techport.accounts.views import bp as accounts_bp
    from techport.alerts.views import bp as alerts_bp
    from techport.api.docs import bp as api_docs_bp
    from techport.api.listings import bp as api_listings_bp
    from techport.api.views import bp as api_tokens_bp
    from techport.audit.views import bp as audit_bp
    from techport.core.views import bp as core_bp
    from techport.events.manage_views import bp as event_manage_bp
    from techport.events.views import bp as events_bp
    from techport.exhibits.views import bp as exhibits_bp
    from techport.inquiries.api import bp as inquiries_api_bp
    from techport.inquiries.deals import bp as deals_bp
    from techport.inquiries.views import bp as inquiries_bp
    from techport.ip_assets.sheet_views import bp as ip_register_sheets_bp
    from techport.ip_assets.views import bp as ip_register_bp
    from techport.ip_assets.views import public_bp as ip_public_bp
    from techport.listings.curation import bp as curation_bp
    from techport.listings.portfolio_views import bp as portfolio_bp
    from techport.listings.views import bp as listings_bp
    from techport.ndas.views import bp as ndas_bp
    from techport.notifications.views import bp as notifications_bp
    from techport.organisations.views import bp as organisations_bp
    from techport.reports.views import bp as reports_bp
    from techport.search.views import api as api_bp
    from techport.search.views import bp as search_bp

    if app.config["TECHPORT_ENV"] != "production":
        from techport.mail_delivery.dev_views import bp as dev_mail_bp

        app.register_blueprint(dev_mail_bp)
    for blueprint in (
        core_bp,
        accounts_bp,
        organisations_bp,
        listings_bp,
        portfolio_bp,
        curation_bp,
        search_bp,
        api_bp,
        api_listings_bp,
        api_tokens_bp,
        exhibits_bp,
        events_bp,
        event_manage_bp,
        notifications_bp,
        admin_users_bp,
        audit_bp,
        inquiries_bp,
        deals_bp,
        inquiries_api_bp,
        ndas_bp,
        alerts_bp,
        ip_register_bp,
        ip_public_bp,
        ip_register_sheets_bp,
        reports_bp,
        api_docs_bp,
    ):
        app.register_blueprint(blueprint)
