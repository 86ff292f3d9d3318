from rest_framework.routers import SimpleRouter

from core.organisation.api.views import OrgUnitViewSet, PositionViewSet

router = SimpleRouter()
router.register("units", OrgUnitViewSet, basename="unit")
router.register("positions", PositionViewSet, basename="position")
urlpatterns = router.urls
