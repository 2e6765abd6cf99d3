"""The ``techport`` command: Flask's CLI (run, db, shell, ...) plus Techport's own commands."""

import click
from flask import current_app
from flask.cli import FlaskGroup
from flask_babel import force_locale

from techport import create_app


@click.group(cls=FlaskGroup, create_app=create_app)
def main():
    """Manage the Techport web application."""


@main.command("seed-demo")
@click.option("--force", is_flag=True, help="Allow seeding when TECHPORT_ENV=production.")
def seed_demo_command(force: bool):
    """Load the demo organisations and one account per role (safe to run again)."""
    from techport.demo.seed import seed_demo

    if current_app.config["TECHPORT_ENV"] == "production" and not force:
        raise click.ClickException("refusing to load demo data in production; pass --force if you really mean it")
    summary = seed_demo()
    click.echo(f"Organisations: {summary.organisations} ({summary.universities} universities)")
    click.echo("Demo accounts (e-mail / password / role / organisation):")
    for account in summary.accounts:
        click.echo(f"  {account.email:32} {account.password:24} {account.role:8} {account.organisation or '-'}")


@main.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "full_name", prompt="Full name")
@click.password_option()
def create_admin_command(email: str, full_name: str, password: str):
    """Create an approved administrator account."""
    from techport.accounts.models import PASSWORD_MIN, AccountStatus, Role
    from techport.accounts.passwords import password_problem
    from techport.accounts.services import EmailAlreadyRegistered, create_account
    from techport.extensions import db

    if len(password) < PASSWORD_MIN:
        raise click.ClickException(f"the password needs at least {PASSWORD_MIN} characters")
    with force_locale("en"):
        problem = password_problem(password, email, full_name)
    if problem:
        raise click.ClickException(problem)
    try:
        create_account(
            email=email, full_name=full_name, password=password, role=Role.ADMIN, status=AccountStatus.ACTIVE
        )
    except EmailAlreadyRegistered:
        raise click.ClickException(f"an account for {email} already exists") from None
    db.session.commit()
    click.echo(f"Administrator {email} created.")


def _register_data_commands() -> None:
    from indexer.commands import indexer_group, search_group
    from techport.alerts.commands import alerts_group
    from techport.events.commands import events_group
    from techport.exhibits.commands import exhibits_group
    from techport.inquiries.commands import inquiries_group
    from techport.ip_assets.commands import ip_register_group
    from techport.listings.commands import export_command, import_command
    from techport.listings.maintenance import listings_group
    from techport.ops.commands import doctor_command
    from techport.reports.commands import reports_group
    from techport.worker.commands import mail_group, worker_command

    main.add_command(import_command)
    main.add_command(export_command)
    main.add_command(listings_group)
    main.add_command(indexer_group)
    main.add_command(search_group)
    main.add_command(exhibits_group)
    main.add_command(events_group)
    main.add_command(worker_command)
    main.add_command(mail_group)
    main.add_command(inquiries_group)
    main.add_command(ip_register_group)
    main.add_command(alerts_group)
    main.add_command(reports_group)
    main.add_command(doctor_command)


_register_data_commands()
