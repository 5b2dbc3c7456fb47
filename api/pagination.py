from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 200); the views order by a unique key, so pages
    neither skip nor repeat rows."""

    page_size_query_param = "page_size"
    max_page_size = 200
