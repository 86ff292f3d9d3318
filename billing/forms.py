from django import forms
from django.utils.translation import gettext_lazy as _

from billing.models import PaymentMethod, Plan


class SubscribeForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.filter(is_active=True),
        empty_label=_("Choose a plan"),
    )
    payment_method = forms.ChoiceField(label=_("Payment"), choices=PaymentMethod.choices)
    billing_email = forms.EmailField(label=_("Billing e-mail"))
