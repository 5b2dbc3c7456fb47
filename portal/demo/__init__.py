"""The demo (`manage.py seed_demo`): 江北区政协 and its real cases, as data.

`reference` holds the committee, its bodies, departments, evaluator, evaluation method,
plans and logins; `cases` each real case and the actions taken on it; `loader` takes them
through the step driver the tests use (`portal.driver`), each action on its day by the demo
`clock`. Nothing here needs a development package at run time.
"""
