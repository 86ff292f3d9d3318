"""Sending one reminder on each channel: Web Push (pywebpush, VAPID keys from the
environment), e-mail (Django's mail), and a WhatsApp/SMS gateway over HTTP (provider
configurable). Every outside service is reached only at the URL configured."""

from __future__ import annotations

import json
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.mail import EmailMessage, get_connection


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    url: str
    tag: str


class SendFailed(Exception):
    """Not delivered; `gone` means the address is dead (drop the subscription)."""

    def __init__(self, reason: str, *, gone: bool = False):
        super().__init__(reason)
        self.gone = gone


def send_push(subscription: dict, message: Message) -> None:
    from pywebpush import WebPushException, webpush

    private_key = getattr(settings, "VAPID_PRIVATE_KEY", "")
    if not private_key:
        raise SendFailed("VAPID keys are not configured")
    try:
        webpush(
            subscription_info=subscription,
            data=json.dumps(
                {
                    "title": message.title,
                    "body": message.body,
                    "url": message.url,
                    "tag": message.tag,
                }
            ),
            vapid_private_key=private_key,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            timeout=10,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        raise SendFailed(str(error)[:200], gone=status in (404, 410)) from None
    except requests.RequestException as error:
        raise SendFailed(str(error)[:200]) from None


def send_emails(messages: list[tuple[str, Message]]) -> int:
    """(address, message) pairs over one connection; the number sent."""
    if not messages:
        return 0
    mails = [
        EmailMessage(subject=m.title, body=f"{m.body}\n\n{m.url}", to=[address])
        for address, m in messages
    ]
    return get_connection().send_messages(mails) or 0


# A gateway provider: how a message is posted (JSON body or form fields, header name).
PROVIDERS = {
    # {"to": "+62...", "message": "..."} with a bearer token: most HTTP SMS gateways.
    "generic": {"style": "json", "to": "to", "text": "message", "auth": "Bearer"},
    # Indonesian WhatsApp gateways of the Fonnte/Wablas kind: form fields, raw token.
    "whatsapp": {"style": "form", "to": "target", "text": "message", "auth": ""},
}


def send_gateway(phone: str, message: Message, session: requests.Session | None = None) -> None:
    url = getattr(settings, "SMS_GATEWAY_URL", "")
    if not url:
        raise SendFailed("no gateway configured")
    provider = PROVIDERS.get(getattr(settings, "SMS_GATEWAY_PROVIDER", "generic"))
    if provider is None:
        raise SendFailed("unknown gateway provider")
    token = getattr(settings, "SMS_GATEWAY_TOKEN", "")
    headers = {"Authorization": f"{provider['auth']} {token}".strip()} if token else {}
    payload = {provider["to"]: phone, provider["text"]: f"{message.body} {message.url}"}
    http = session or requests
    try:
        if provider["style"] == "json":
            response = http.post(url, json=payload, headers=headers, timeout=10)
        else:
            response = http.post(url, data=payload, headers=headers, timeout=10)
    except requests.RequestException as error:
        raise SendFailed(str(error)[:200]) from None
    if response.status_code >= 300:
        raise SendFailed(f"gateway answered {response.status_code}")
