"""Sending the few e-mails of the people side (an invitation link) through the deployment's mail
server. Without ``TOTALACCES_SMTP_HOST`` nothing is sent: the caller shows the link instead, to be
passed on by the admin. Never logs an address or a link."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from backend.people.config import PeopleSettings

log = logging.getLogger("totalacces.mail")


class MailError(RuntimeError):
    """The mail server refused or could not be reached."""


def configured(settings: PeopleSettings) -> bool:
    return bool(settings.smtp_host)


def send(settings: PeopleSettings, to: str, subject: str, body: str, timeout: float = 10.0) -> None:
    """Send a plain-text message; raises MailError when the server fails."""
    if not settings.smtp_host:
        raise MailError("Aucun serveur d'e-mail n'est configuré (TOTALACCES_SMTP_HOST).")
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as server:
            if settings.smtp_starttls:
                server.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                server.login(settings.smtp_user, settings.smtp_password or "")
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail not sent: %s", type(exc).__name__)
        raise MailError("Le serveur d'e-mail n'a pas accepté le message.") from exc
