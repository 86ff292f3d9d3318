from config.api import NumericRouter
from core.organisation.api.views import OrgUnitViewSet, PositionViewSet

router = NumericRouter()
router.register("units", OrgUnitViewSet, basename="unit")
router.register("positions", PositionViewSet, basename="position")
urlpatterns = router.urls
