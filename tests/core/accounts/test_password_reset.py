import re

from django.core import mail

from core.accounts.roles import Role
from tests.conftest import client_for


def test_reset_link_by_email_sets_a_new_password(make_user, surabaya):
    user = make_user(surabaya, Role.ASN, "198609262015051001", email="budi@example.id")
    client = client_for(surabaya)
    assert client.post("/accounts/password/reset/", {"email": "budi@example.id"}).status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Kata-Sandi-Baru-99", "new_password2": "Kata-Sandi-Baru-99"},
    )
    assert done.status_code == 302
    assert (
        client_for(surabaya)
        .post("/accounts/login/", {"username": user.username, "password": "Kata-Sandi-Baru-99"})
        .status_code
        == 302
    )


def test_reset_for_unknown_address_sends_nothing(surabaya):
    client_for(surabaya).post("/accounts/password/reset/", {"email": "nobody@example.id"})
    assert mail.outbox == []
