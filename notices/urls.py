"""公示与审定的网址: the public pages under /gongshi/ (no login), the bureau's under /notices/."""

from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    # public (no login): notices, objections, the official lists
    path("gongshi/", views.public_home, name="public"),
    path("gongshi/<int:notice_pk>/", views.public_notice, name="public_notice"),
    path("gongshi/<int:notice_pk>/pdf/", views.public_notice_pdf, name="public_notice_pdf"),
    path("gongshi/<int:notice_pk>/objection/", views.objection_new, name="objection_new"),
    path("gongshi/lists/<int:decision_pk>/", views.public_decision, name="public_decision"),
    path("gongshi/lists/<int:decision_pk>/pdf/", views.public_decision_pdf, name="public_decision_pdf"),
    path("gongshi/lists/<int:decision_pk>/csv/", views.public_decision_csv, name="public_decision_csv"),
    # the bureau
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/publish/", views.notice_publish, name="notice_publish"),
    path("notices/<int:pk>/pdf/", views.notice_bureau_pdf, name="notice_pdf"),
    path("notices/project/<int:pk>/", views.for_project, name="for_project"),
    path("notices/objections/<int:pk>/", views.objection_detail, name="objection"),
    path("notices/objections/<int:pk>/letter/", views.objection_letter, name="objection_letter"),
    path("notices/evidence/<int:pk>/", views.objection_evidence, name="objection_evidence"),
    path("notices/calendar/", views.calendar_overrides, name="calendar"),
    path("notices/calendar/<int:pk>/delete/", views.calendar_override_delete, name="calendar_delete"),
    path("notices/approval/", views.approval_home, name="approval_home"),
    path("notices/approval/<int:year>/", views.approval, name="approval"),
    path("notices/approval/<int:year>/proposed.pdf", views.proposed_pdf, name="proposed_pdf"),
]
