"""Settings of the people side (environment variables, prefix ``TOTALACCES_``).

Kept apart from ``backend.settings`` (owned by the core) so that tests can lower the limits of one
application without touching the process environment.
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class PeopleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TOTALACCES_", extra="ignore")

    #: Days a counselor has to answer a callback request before it is shown as overdue.
    response_target_days: int = 15
    #: Days a closed callback request or application is kept before ``totalacces purge`` deletes it.
    retention_closed_days: int = 90
    #: Days after which a request that was never closed is deleted anyway.
    retention_max_age_days: int = 365
    #: Version of the consent text shown to young people (stored with each request).
    consent_version: str = "2026-01"
    #: Requests per client address per window on the public POSTs (callbacks, applications, login).
    rate_limit_callbacks: int = 10
    rate_limit_applications: int = 10
    rate_limit_login: int = 20
    rate_limit_window_seconds: int = 600
    #: Seconds between two passes that store ``expired`` on offers past their end date.
    offer_expiry_check_seconds: float = 600.0
    #: Failed logins on one account before it is locked, and for how long.
    login_max_failures: int = 5
    login_lock_seconds: int = 900
    #: Lifetime of a web session and of an API token.
    session_hours: int = 12
    token_days: int = 90
    #: ``Secure`` flag on the session cookie (switch off only for plain-HTTP development).
    cookie_secure: bool = True
    #: Days an invitation link for a new counselor stays valid (it works once).
    invitation_days: int = 7
    #: Days a request to join a structure waits for a decision before the purge deletes it (a
    #: decided request is deleted after as many days: the audit log keeps what was decided).
    join_request_days: int = 30
    #: Public address of the site, for the links sent by e-mail (``https://totalacces.example``).
    public_url: str = "http://127.0.0.1:8000"
    #: Mail server for invitation e-mails; without one, the link is shown to the admin to send.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    mail_from: str = "Total Accès <ne-pas-repondre@totalacces.invalid>"
    #: The public company directory (the "recherche d'entreprises" API) checking an employer's
    #: SIRET at sign-up, for a deployment with internet; unset: the form of the SIRET only.
    company_directory_url: str | None = None
    company_directory_timeout: float = 5.0
    #: Hours an employer's confirmation link stays valid.
    confirmation_hours: int = 48
    #: Trust ``X-Forwarded-For`` for the client address (only behind a trusted reverse proxy).
    trust_forwarded_for: bool = False


def get_people_settings() -> PeopleSettings:
    return PeopleSettings()
