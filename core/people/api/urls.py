from config.api import NumericRouter
from core.people.api.views import EmployeeViewSet

router = NumericRouter()
router.register("employees", EmployeeViewSet, basename="employee")
urlpatterns = router.urls
