"""The API's documentation page renders Swagger UI from the site's own static files, under the
strict Content-Security-Policy (the `page` fixture fails on any refusal)."""


def test_the_api_documentation_renders_without_cdn_or_inline_code(page, live_server):
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )
    page.goto(f"{live_server.url}/api/docs/")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for()
    assert "委员议事 API" in title.inner_text()
    page.locator(".opblock-tag", has_text="topics").first.wait_for()
    assert not outside, outside
