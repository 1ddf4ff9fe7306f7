from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("funding/", views.funded_list, name="list"),
    path("funding/export/", views.funded_list_export, name="list_export"),
    path("funding/projects/<int:pk>/", views.ledger, name="ledger"),
    path("funding/projects/<int:pk>/export/", views.ledger_export, name="ledger_export"),
    path("funding/projects/<int:pk>/own-investment/", views.record_own_investment, name="own_investment"),
    path("funding/projects/<int:pk>/task-letter/", views.task_letter, name="task_letter"),
    path("funding/projects/<int:pk>/task-letter/pdf/", views.task_letter_pdf, name="task_letter_pdf"),
    path("funding/tranches/<int:pk>/paid/", views.record_payment, name="record_payment"),
    path("funding/disbursements/<int:pk>/reverse/", views.reverse_disbursement, name="reverse_disbursement"),
    path("funding/own-investment/<int:pk>/reverse/", views.reverse_own_investment, name="reverse_own_investment"),
    path("funding/own-investment/<int:pk>/evidence/", views.evidence_download, name="evidence"),
    path("funding/task-letter-scans/<int:pk>/", views.task_letter_scan, name="task_letter_scan"),
]
