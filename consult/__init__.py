"""The tenant consultation platform: application factory."""

import logging
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from consult import permissions, routing
from consult.config import load_config
from consult.extensions import csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent

# Blueprints in registration order; every package that serves pages adds itself here.
BLUEPRINTS = (
    "consult.home.views",
    "consult.auth.views",
    "consult.users.views",
    "consult.gemeenten.views",
    "consult.households.views",
    "consult.audit.views",
    "surveys.respond.views",
    "surveys.fieldwork.views",
    "surveys.builder.views",
    "surveys.paper.views",
    "surveys.keying.views",
    "surveys.scans.views",
    "analysis.views",
    "analysis.coding.views",
    "analysis.positions.views",
    "consult.i18n",
)

# Command groups in `flask --help` order: "module:attribute".
COMMANDS = (
    "consult.demo:demo_command",
    "consult.households.cli:households_command",
    "consult.users.cli:users_command",
    "consult.gemeenten.cli:gemeenten_command",
    "surveys.builder.cli:surveys_command",
    "surveys.invitations.cli:invitations_command",
    "surveys.paper.cli:paper_command",
    "surveys.scans.cli:scans_command",
    "analysis.cli:results_command",
    "analysis.papers.cli:papers_command",
)

# Steps of `flask demo load`, in order (consult.demo runs them in one transaction).
DEMO_STEPS = (
    "consult.demo.foundation",
    "surveys.builder.demo",
    "surveys.respond.demo",
    "surveys.keying.demo",
    "analysis.coding.demo",
    "analysis.positions.demo",
    "surveys.paper.demo",  # commits what came before: it runs the background letter writer
    "surveys.scans.demo",  # reads a scanned stack through the task queue's own code
)


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure one application instance."""
    instance_path = os.environ.get("CONSULT_INSTANCE_PATH", str(ROOT / "instance"))
    app = Flask(
        __name__,
        instance_path=instance_path,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(load_config(app.instance_path, test_config))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    if app.config["PROXY_HOPS"]:
        # Behind nginx: take the client's address and scheme from the proxy's headers.
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    routing.init_app(app)  # before any blueprint adds a route with <int:...>
    _init_extensions(app)
    _register_blueprints(app)

    from consult import cli, errors, i18n, security, static_files, tasks, templating

    static_files.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    permissions.init_app(app)
    cli.init_app(app)
    tasks.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    import consult.models  # noqa: F401  (register every table with the metadata)

    db.init_app(app)
    _remove_session_safely(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def _remove_session_safely(app: Flask) -> None:
    """End each request's database session without letting a failing rollback break the reply.

    Flask-SQLAlchemy removes the session when the app context ends. When the database has gone
    away, that rollback raises after the response was decided, and the WSGI server would then
    send its own bare English error page instead.
    """
    app.teardown_appcontext_funcs[:] = [
        func for func in app.teardown_appcontext_funcs if func != db._teardown_session
    ]

    @app.teardown_appcontext
    def remove_session(_exc: BaseException | None) -> None:
        try:
            db.session.remove()
        except Exception:
            logging.getLogger(__name__).warning("ending the database session failed", exc_info=True)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for module_name in BLUEPRINTS:
        app.register_blueprint(import_module(module_name).bp)
