from tests.conftest import client_for


def test_unknown_host_gets_404_page(db):
    response = client_for(None, HTTP_HOST="nowhere.localhost").get("/")
    assert response.status_code == 404
    assert "Kota" not in response.content.decode()


def test_city_host_serves_that_city(jambi):
    response = client_for(jambi).get("/accounts/login/")
    assert response.status_code == 200
    assert "Kota Jambi" in response.content.decode()
    assert "Kota Surabaya" not in response.content.decode()


def test_public_host_serves_landing(db):
    response = client_for(None).get("/")
    assert response.status_code == 200
    assert b"Sinergi" in response.content
