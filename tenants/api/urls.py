from config.api import NumericRouter
from tenants.api.views import CityViewSet

router = NumericRouter()
router.register("cities", CityViewSet, basename="city")
urlpatterns = router.urls
