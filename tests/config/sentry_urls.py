"""The city URLconf plus one view that fails with personal data in its error."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls_tenant import urlpatterns as city_urlpatterns


class PayrollError(Exception):
    pass


@csrf_exempt
def fail(request: HttpRequest) -> HttpResponse:
    user = request.user
    raise PayrollError(
        f"TPP for {user.full_name} (NIP {user.username}, {user.email}) failed; "
        f"form said {request.POST.get('password', '')}"
    )


urlpatterns = [path("uji/gagal/", fail), *city_urlpatterns]
