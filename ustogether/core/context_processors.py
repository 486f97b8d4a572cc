"""What every page's layout (base.html) needs: the links in its header and footer."""

from __future__ import annotations

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import gettext as _

# The layout's links, by the name the template uses.
SITE_PAGES = {
    "home": "home",
    "your_projects": "people:home",
    "public_projects": "projects:public_list",
    "profile": "people:profile",
    "check": "plainlanguage:check",
    "sign_out": "account_logout",
    "sign_in": "account_login",
    "sign_up": "account_signup",
    "glossary": "plainlanguage:glossary",
    "about": "about",
    "pictures": "plainlanguage:pictures_attribution",
}

STATIC_FILES = {
    "stylesheet": "ustogether/app.css",
    "htmx": "htmx/htmx.min.js",
    "init_js": "ustogether/init.js",
}


# Every page shows these links, and reversing them on each page (ten {% url %} tags)
# cost more than a tenth of a plain page. They never change while the site runs, so
# each process reverses them once (per script prefix, which reverse() puts in front).
@lru_cache(maxsize=8)
def _site_addresses(script_prefix: str) -> dict[str, str]:
    addresses = {}
    for key, name in SITE_PAGES.items():
        try:
            addresses[key] = reverse(name)
        except NoReverseMatch:  # a page this site does not have: no link to it
            addresses[key] = ""
    # The layout's own files, whose (hashed, in production) names are also fixed
    # while the site runs.
    for key, path in STATIC_FILES.items():
        addresses[key] = static(path)
    return addresses


def site_links(request: HttpRequest) -> dict[str, object]:
    """`site_urls` (each layout link's address) and `site_menu` (the header menu's
    links, as address and words, for someone signed in or not)."""
    url = _site_addresses(get_script_prefix())
    # A page refused before the sign-in middleware ran (a request too big) has no user.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        menu = [
            (url["your_projects"], _("Your projects")),
            (url["public_projects"], _("Public projects")),
            (url["profile"], _("Your profile")),
            (url["check"], _("Check my writing")),
            (url["sign_out"], _("Sign out")),
        ]
    else:
        menu = [
            (url["public_projects"], _("Public projects")),
            (url["sign_in"], _("Sign in")),
            (url["sign_up"], _("Create an account")),
        ]
    return {"site_urls": url, "site_menu": [(href, text) for href, text in menu if href]}


# Settings that change the addresses above: tests change them (production static files,
# another URLconf), and the addresses made before are wrong then.
ADDRESS_SETTINGS = {"STATIC_URL", "STATIC_ROOT", "STORAGES", "ROOT_URLCONF", "FORCE_SCRIPT_NAME"}


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs: object) -> None:
    if setting in ADDRESS_SETTINGS:
        _site_addresses.cache_clear()
