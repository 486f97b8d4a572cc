from django.urls import path

from ustogether.payments import views, views_finance

app_name = "payments"
urlpatterns = [
    path("payments/", views.home, name="home"),
    path("payments/choices/", views.choices, name="choices"),
    path("payments/benefits-and-tax/", views.advice, name="advice"),
    path("payments/claims/new/", views.claim_new, name="claim_new"),
    path("payments/claims/new/meeting/", views.claim_new_meeting, name="claim_new_meeting"),
    path("payments/claims/<int:claim_id>/", views.claim, name="claim"),
    path(
        "payments/claims/<int:claim_id>/costs/", views.claim_add_expense, name="claim_add_expense"
    ),
    path(
        "payments/claims/<int:claim_id>/lines/<int:line_id>/remove/",
        views.claim_remove_line,
        name="claim_remove_line",
    ),
    path("payments/claims/<int:claim_id>/help/", views.claim_help, name="claim_help"),
    path("payments/claims/<int:claim_id>/send/", views.claim_submit, name="claim_submit"),
    path("payments/claims/<int:claim_id>/take-back/", views.claim_withdraw, name="claim_withdraw"),
    path("payments/claims/<int:claim_id>/agree/", views.claim_approve, name="claim_approve"),
    path("payments/claims/<int:claim_id>/ask/", views.claim_query, name="claim_query"),
    path("payments/claims/<int:claim_id>/pay/", views.claim_pay, name="claim_pay"),
    path("payments/claims/<int:claim_id>/payee/", views.claim_payee, name="claim_payee"),
    path(
        "payments/claims/<int:claim_id>/receipts/<int:receipt_id>/",
        views.receipt,
        name="receipt",
    ),
    path("organisations/<slug:slug>/paying-people/", views_finance.policy, name="policy"),
    path(
        "organisations/<slug:slug>/paying-people/change/",
        views_finance.policy_edit,
        name="policy_edit",
    ),
    path("organisations/<slug:slug>/paying-people/fees/", views_finance.rate_add, name="rate_add"),
    path(
        "organisations/<slug:slug>/paying-people/fees/<int:rate_id>/remove/",
        views_finance.rate_remove,
        name="rate_remove",
    ),
    path("organisations/<slug:slug>/claims/", views_finance.queue, name="queue"),
    path("organisations/<slug:slug>/claims/export/", views_finance.export_claims, name="export"),
    path("projects/<int:project_id>/claims/", views_finance.project_claims, name="project_claims"),
]
