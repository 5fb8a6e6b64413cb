"""What every download of a stored file must be: its bytes, as an attachment, under its name, never rendered."""

from __future__ import annotations

from urllib.parse import quote


def assert_download(response, body: bytes, filename: str) -> None:
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == body
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(filename)}" in disposition or f'filename="{filename}"' in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response["Content-Type"].startswith(
        ("text/html", "image/svg", "application/xhtml", "text/xml")
    )
