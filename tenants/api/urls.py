from rest_framework.routers import SimpleRouter

from tenants.api.views import CityViewSet

router = SimpleRouter()
router.register("cities", CityViewSet, basename="city")
urlpatterns = router.urls
