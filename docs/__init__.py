"""Makes docs/ a package for pytest only, so docs/conftest.py and tests/conftest.py do not clash
as two modules named ``conftest`` (pytest --doctest-modules). Not part of the site."""
