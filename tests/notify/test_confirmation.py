"""The confirmation page tells the lead that their receipt was emailed, and to which address
(the one on the request), in the language of the page."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from tests import factory
from tests.intake.helpers import ORGANIZATION
from tests.notify.test_messages import submit

SAYS = {
    "en": "We emailed a receipt with your reference number and private link to {email}.",
    "fr": (
        "Nous avons envoyé par courriel un accusé de réception avec votre numéro de référence "
        "et votre lien privé à {email}."
    ),
}


def receipt_notice(page_html: str) -> str | None:
    found = lxml_html.fromstring(page_html).xpath('//main//*[@class="notice receipt-sent"]')
    return found[0].text_content() if found else None


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_confirmation_says_the_receipt_went_to_the_leads_address(notify_client, fake_notify, lang):
    token = submit(notify_client, lang)
    page = notify_client.get(f"/{lang}/request/{token}/confirmation")
    assert page.status_code == 200
    notice = receipt_notice(page.get_data(as_text=True))
    assert notice is not None
    assert SAYS[lang].format(email=ORGANIZATION["lead_email"]) in notice
    [receipt] = fake_notify.to(ORGANIZATION["lead_email"])  # and it did
    assert token in receipt.body


def test_no_address_no_claim(notify_app, notify_client):
    made = factory.exploration(notify_app, "submitted", lead_email=None)
    page = notify_client.get(f"/en/request/{made.token}/confirmation")
    assert page.status_code == 200
    assert receipt_notice(page.get_data(as_text=True)) is None
