"""The account mails: a subject and a plain-text body, both templates under
``templates/accounts/mail/``, sent through Django's mail API. A failure to send is logged and
never shown: whether a mail went out must not depend on, or tell, anything about accounts."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


def send(name: str, context: dict, to: str) -> None:
    subject = render_to_string(f"accounts/mail/{name}_subject.txt", context)
    body = render_to_string(f"accounts/mail/{name}.txt", context)
    message = EmailMessage("".join(subject.splitlines()), body, to=[to])
    try:
        message.send()
    except Exception:
        log.exception("could not send the %s mail", name)
