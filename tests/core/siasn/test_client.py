"""The SIASN client against the local fake: both tokens, caching, retries, errors."""

from __future__ import annotations

import pytest

from core.siasn import fake as fakes
from core.siasn.client import Credentials, NotFound, SiasnClient, SiasnError
from tests.core.siasn.conftest import STAF1


def _client(fake, **kwargs) -> tuple[SiasnClient, list]:
    calls: list = []
    credentials = Credentials(
        gateway_url=fake.url,
        api_url=fake.url,
        sso_url=fake.url + fakes.SSO_PATH,
        sso_client_id=fakes.SSO_CLIENT_ID,
        consumer_key=kwargs.pop("consumer_key", fakes.CONSUMER_KEY),
        consumer_secret=fakes.CONSUMER_SECRET,
        sso_username=fakes.SSO_USERNAME,
        sso_password=kwargs.pop("sso_password", fakes.SSO_PASSWORD),
    )
    kwargs.setdefault("backoff", 0)
    return SiasnClient(credentials, on_call=calls.append, **kwargs), calls


@pytest.fixture
def person(fake):
    fake.people[STAF1] = fakes.person_record(nip=STAF1, name="Budi Santoso", golongan="III/a")
    return fake


def test_both_tokens_sent_and_cached_until_expiry(person):
    client, calls = _client(person)
    assert client.data_utama(STAF1)["nama"] == "Budi Santoso"
    assert client.data_utama(STAF1)["golRuangAkhir"] == "III/a"
    assert person.count("POST", "/oauth2/token") == 1
    assert person.count("POST", fakes.SSO_PATH) == 1
    api = [c for c in person.calls if c.path.startswith("/apisiasn")]
    assert len(api) == 2
    assert all(c.authorization.startswith("Bearer ") and c.auth.startswith("bearer ") for c in api)
    # The log of calls names the endpoint, never the NIP.
    assert {c.endpoint for c in calls} >= {"/pns/data-utama/{nip}", "/oauth2/token"}
    assert not any(STAF1 in c.endpoint for c in calls)


def test_expired_token_is_fetched_again(person):
    person.token_lifetime = 31  # less than the 30 s margin: cached for about one second
    client, _ = _client(person)
    client.data_utama(STAF1)
    person.token_lifetime = 3600
    person.expire_tokens()  # SIASN forgot them: a 401, then fresh tokens, then success
    assert client.data_utama(STAF1)["nipBaru"] == STAF1
    assert person.count("POST", "/oauth2/token") == 2


def test_5xx_is_retried_then_succeeds(person):
    client, _ = _client(person, retries=2)
    person.fail_next(2, 503)
    assert client.data_utama(STAF1)["nipBaru"] == STAF1
    assert person.count("GET", "/apisiasn") == 3


def test_429_exhausts_retries_with_a_clear_message(person):
    client, _ = _client(person, retries=1)
    person.fail_next(5, 429)
    with pytest.raises(SiasnError) as caught:
        client.data_utama(STAF1)
    assert caught.value.status == 429 and caught.value.retryable
    assert person.count("GET", "/apisiasn") == 2


def test_malformed_body_and_timeout(person):
    client, _ = _client(person, retries=0)
    person.malformed_next(1)
    with pytest.raises(SiasnError) as caught:
        client.data_utama(STAF1)
    assert caught.value.status is None
    person.slow = 0.5
    slow_client, _ = _client(person, retries=0, timeout=0.2)
    with pytest.raises(SiasnError) as caught:
        slow_client.data_utama(STAF1)
    assert caught.value.status is None and caught.value.retryable


def test_unknown_nip_and_wrong_credentials(person):
    client, _ = _client(person)
    with pytest.raises(NotFound):
        client.data_utama("199912312020121001")
    wrong, _ = _client(person, consumer_key="not-the-key")
    with pytest.raises(SiasnError) as caught:
        wrong.check()
    assert caught.value.status == 401 and not caught.value.retryable
    wrong_sso, _ = _client(person, sso_password="wrong-password")
    with pytest.raises(SiasnError) as caught:
        wrong_sso.check()
    assert caught.value.status == 401


def test_save_and_delete(person):
    client, _ = _client(person)
    payload = {
        "pnsDinilaiId": "abc", "tahun": 2026, "bulanMulaiPenilaian": 11,
        "bulanSelesaiPenilaian": 11, "periodikId": "1", "hasilKinerjaNilai": "2",
        "perilakuKerjaNilai": "2", "kuadranKinerjaNilai": "2", "statusPenilai": "ASN",
    }  # fmt: skip
    record_id = client.save_result(payload)
    assert person.records[record_id]["pnsDinilaiId"] == "abc"
    client.delete_result(record_id)
    assert person.records == {}
    with pytest.raises(NotFound):
        client.delete_result(record_id)
    with pytest.raises(SiasnError) as caught:
        client.save_result({**payload, "kuadranKinerjaNilai": ""})
    assert caught.value.status == 400 and "kuadranKinerjaNilai" in caught.value.message


def test_credentials_never_printed(fake):
    client, _ = _client(fake)
    assert fakes.CONSUMER_SECRET not in repr(client.credentials)
    assert fakes.SSO_PASSWORD not in repr(client.credentials)
