from django.urls import path

from . import expert_views, pool_views, review_views, views

app_name = "reviews"

urlpatterns = [
    # phases 2–3: formal review (district) and screening (bureau)
    path("reviews/district/", views.district_home, name="district"),
    path("reviews/district/order/", views.district_order, name="district_order"),
    path("reviews/district/<int:pk>/", views.formal_review, name="formal_review"),
    path("reviews/screening/", views.screening_list, name="screening"),
    path("reviews/screening/bulk/", views.screening_bulk_view, name="screening_bulk"),
    path("reviews/screening/bulk/results/", views.screening_results, name="screening_results"),
    path("reviews/screening/<int:pk>/", views.screening_detail, name="screening_detail"),
    path("reviews/extensions/", views.extensions, name="extensions"),
    path("projects/<int:pk>/application/response/", views.return_response, name="return_response"),
    # phase 4: the expert pool (bureau)
    path("reviews/experts/", pool_views.expert_list, name="experts"),
    path("reviews/experts/new/", pool_views.expert_new, name="expert_new"),
    path("reviews/experts/import/", pool_views.expert_import, name="expert_import"),
    path("reviews/experts/template.xlsx", pool_views.expert_template, name="expert_template"),
    path("reviews/experts/<int:pk>/", pool_views.expert_edit, name="expert_edit"),
    # phase 4: a call's expert review (bureau)
    path("reviews/expert-review/", review_views.review_home, name="review_home"),
    path("reviews/calls/<int:year>/", review_views.call_review, name="call_review"),
    path("reviews/calls/<int:year>/criteria/", review_views.criteria, name="criteria"),
    path("reviews/calls/<int:year>/assign/", review_views.assign_auto, name="assign_auto"),
    path("reviews/calls/<int:year>/progress/", review_views.progress, name="progress"),
    path("reviews/calls/<int:year>/remind/", review_views.remind, name="remind"),
    path("reviews/calls/<int:year>/ranking/", review_views.ranking, name="ranking"),
    path("reviews/calls/<int:year>/close/", review_views.close, name="close"),
    path("reviews/calls/<int:year>/select/", review_views.select, name="select"),
    path("reviews/calls/<int:year>/summary.pdf", review_views.summary_pdf, name="summary_pdf"),
    path("reviews/experts/<int:pk>/score-sheet.pdf", expert_views.expert_score_pdf, name="expert_score_pdf"),
    # phase 4: one application's experts (bureau)
    path("reviews/projects/<int:pk>/experts/", review_views.project_review, name="project_review"),
    path("reviews/projects/<int:pk>/experts/assign/", review_views.project_assign, name="project_assign"),
    path("reviews/projects/<int:pk>/experts/unassign/", review_views.project_unassign, name="project_unassign"),
    path("reviews/sheets/<int:pk>/reopen/", review_views.sheet_reopen, name="sheet_reopen"),
    # phase 4: the expert portal
    path("reviews/mine/", expert_views.expert_tasks, name="expert_tasks"),
    path("reviews/mine/history/", expert_views.expert_history_view, name="expert_history"),
    path("reviews/score/<int:pk>/", expert_views.score, name="score"),
    path("reviews/score/<int:pk>/conflict/", expert_views.declare_conflict, name="declare_conflict"),
    path("reviews/sheets/<int:pk>/", expert_views.sheet_detail, name="sheet"),
]
