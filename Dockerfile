# The Aleppo control map as a container (see docs/deploy.md).
#   docker build -t aleppo-map .
#   docker run --rm -p 8501:8501 aleppo-map                 # http://localhost:8501/
#   docker run --rm -p 8501:8501 -e STREAMLIT_SERVER_BASE_URL_PATH=aleppo aleppo-map
#                                                           # behind a proxy, under /aleppo/
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY . .

# Install the project and its dependencies from pyproject.toml (editable, so that the
# `aleppo-map` command finds the bundled data in /app), then write the map's frame into
# static/, which Streamlit serves at app/static/: its page, Leaflet and the map's scripts
# (the map never loads anything from a CDN).
RUN pip install -e . \
 && python -m aleppo_map.frame

# The app writes its map data (a hashed file per dataset) into static/vendor/ on its first run.
RUN useradd --create-home --uid 10001 aleppo \
 && chown -R aleppo static/vendor
USER aleppo

EXPOSE 8501
# The production settings are in .streamlit/config.toml (no usage statistics, no file
# watcher, static serving). aleppo_map.ui.start is `streamlit run app.py` with the first
# page's work (imports, the dataset, every week) done before the server answers.
CMD ["python", "-m", "aleppo_map.ui.start", "--server.address=0.0.0.0", "--server.port=8501"]
