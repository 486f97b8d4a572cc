from django.urls import URLPattern, URLResolver, path

from . import views, views_calendar, views_easyread, views_more, views_poll, views_venues

app_name = "meetings"

M = "projects/<int:project_id>/meetings/<int:pk>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("projects/<int:project_id>/meetings/", views.meeting_list, name="list"),
    path("projects/<int:project_id>/meetings/new/", views.new, name="new"),
    path(M, views.detail, name="detail"),
    path(M + "edit/", views.edit, name="edit"),
    path(M + "cancel/", views.cancel, name="cancel"),
    path(M + "taking-part/", views.way, name="way"),
    path(M + "poll/", views_poll.poll, name="poll"),
    path(M + "poll/times/", views_poll.poll_times, name="poll_times"),
    path(M + "poll/close/", views_poll.poll_close, name="poll_close"),
    path(
        M + "poll/times/<int:time_id>/withdraw/",
        views_poll.poll_withdraw_time,
        name="poll_withdraw_time",
    ),
    path(M + "fix-date/", views_poll.fix_date, name="fix_date"),
    path(M + "needs/", views_more.needs, name="needs"),
    path(M + "agenda/", views_more.agenda, name="agenda"),
    path(M + "agenda/<int:item_id>/remove/", views_more.agenda_remove, name="agenda_remove"),
    path(M + "papers/", views_more.papers, name="papers"),
    path(M + "papers/send/", views_more.papers_send, name="papers_send"),
    path(M + "papers/<int:paper_id>/", views_more.paper_file, name="paper_file"),
    path(M + "papers/<int:paper_id>/withdraw/", views_more.paper_withdraw, name="paper_withdraw"),
    path(M + "papers/<int:paper_id>/easy-read/", views_easyread.read, name="paper_easy_read"),
    path(
        M + "papers/<int:paper_id>/easy-read/write/",
        views_easyread.write,
        name="paper_easy_read_write",
    ),
    path(
        M + "papers/<int:paper_id>/easy-read/pictures/",
        views_easyread.pictures,
        name="paper_easy_read_pictures",
    ),
    path(
        M + "papers/<int:paper_id>/easy-read/points/<int:point_id>/picture/",
        views_easyread.choose,
        name="paper_easy_read_choose",
    ),
    path(M + "attendance/", views_more.attendance, name="attendance"),
    path(M + "notes/", views_more.notes, name="notes"),
    path(M + "letters/", views_more.letters, name="letters"),
    path(M + "letters/<int:notification_id>/", views_more.letter, name="letter"),
    path(M + "letters/<int:notification_id>/done/", views_more.letter_done, name="letter_done"),
    path(M + "calendar.ics", views_calendar.meeting_ics, name="ics"),
    path(
        M + "venue-photos/<int:photo_id>/",
        views_venues.meeting_venue_photo,
        name="venue_photo_for_meeting",
    ),
    path("meetings/", views_calendar.my_meetings, name="mine"),
    path("meetings/calendar/reset/", views_calendar.feed_reset, name="feed_reset"),
    path("meetings/calendar/<str:token>.ics", views_calendar.feed, name="feed"),
    path("organisations/<slug:slug>/venues/", views_venues.venue_list, name="venues"),
    path("organisations/<slug:slug>/venues/new/", views_venues.venue_new, name="venue_new"),
    path("organisations/<slug:slug>/venues/<int:pk>/", views_venues.venue_detail, name="venue"),
    path(
        "organisations/<slug:slug>/venues/<int:pk>/edit/",
        views_venues.venue_edit,
        name="venue_edit",
    ),
    path(
        "organisations/<slug:slug>/venues/<int:pk>/archive/",
        views_venues.venue_archive,
        name="venue_archive",
    ),
    path(
        "organisations/<slug:slug>/venues/<int:pk>/photos/<int:photo_id>/",
        views_venues.venue_photo,
        name="venue_photo",
    ),
]
