# SPDX-License-Identifier: MIT
"""Test support for lockgate's end-to-end tests and demo (stdlib only).

- TestCA: a throwaway CA and a server certificate for 127.0.0.1/localhost,
  made with the openssl CLI in a temp dir.
- sdist()/wheel(): inert fixture archives built in memory (tarfile/zipfile),
  byte-for-byte reproducible.
- IndexServer: a PyPI-like index served by nginx over TLS on a loopback
  port, with its access log readable by tests: the JSON API
  (<root>/pypi/<name>/<ver>/json), the Simple API (<root>/simple/<name>/,
  PEP 691 JSON or PEP 503 HTML chosen by the Accept header, or HTML only)
  and <root>/files/<filename>; optionally behind basic auth, and also on a
  plain-http port.
- GitRepo: a throwaway git repository driven by the git CLI.

Nothing here ever runs package code: fixtures are strings written into
archives, and their payloads only name 127.0.0.1 / 203.0.113.0/24 / .invalid.
"""

import base64
import contextlib
import dataclasses
import gzip
import hashlib
import io
import json
import os
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import tarfile
import tempfile
import time
import zipfile

FIXED_MTIME = 1700000000  # 2023-11-14, keeps archives reproducible


DEFAULT_UPLOAD_TIME = "2023-11-14T22:13:20Z"


def _upload_time(rel, a):
    """The upload time of artifact a of release rel ("...Z")."""
    return rel.get("upload_times", {}).get(a.filename,
                                           rel.get("upload_time") or DEFAULT_UPLOAD_TIME)


def canonical(name):
    """PEP 503 normalised project name."""
    out, prev_sep = [], False
    for ch in name.lower():
        if ch in "-_.":
            if not prev_sep:
                out.append("-")
            prev_sep = True
        else:
            out.append(ch)
            prev_sep = False
    return "".join(out)


def dist_name(name):
    """File-name form of a project name (PEP 625 / wheel: '-' -> '_')."""
    return canonical(name).replace("-", "_")


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def free_port():
    """A loopback TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd, cwd=None, env=None, echo=False):
    if echo:
        print("$ " + " ".join(shlex.quote(c) for c in cmd), flush=True)
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, check=False)
    if p.returncode != 0:
        raise RuntimeError("command failed (%d): %s\n%s%s" % (
            p.returncode, " ".join(cmd), p.stdout, p.stderr))
    return p.stdout


# ---------------------------------------------------------------- TLS ----

class TestCA:
    """A CA (ca.pem) and a server cert/key for IP:127.0.0.1, DNS:localhost."""

    def __init__(self, directory, echo=False):
        self.dir = directory
        self.ca_pem = os.path.join(directory, "ca.pem")
        self.cert = os.path.join(directory, "server.pem")
        self.key = os.path.join(directory, "server.key")
        ca_key = os.path.join(directory, "ca.key")
        csr = os.path.join(directory, "server.csr")
        ext = os.path.join(directory, "server.ext")
        ossl = shutil.which("openssl") or "openssl"
        _run([ossl, "req", "-x509", "-newkey", "ec",
              "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
              "-keyout", ca_key, "-out", self.ca_pem, "-days", "2",
              "-subj", "/CN=lockgate e2e throwaway CA",
              "-addext", "basicConstraints=critical,CA:TRUE",
              "-addext", "keyUsage=critical,keyCertSign,cRLSign"], echo=echo)
        _run([ossl, "req", "-newkey", "ec",
              "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
              "-keyout", self.key, "-out", csr, "-subj", "/CN=127.0.0.1"], echo=echo)
        if echo:
            print("# %s: CA:FALSE, serverAuth, subjectAltName=IP:127.0.0.1,DNS:localhost" % ext)
        with open(ext, "w") as f:
            f.write("basicConstraints=critical,CA:FALSE\n"
                    "keyUsage=critical,digitalSignature\n"
                    "extendedKeyUsage=serverAuth\n"
                    "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
        _run([ossl, "x509", "-req", "-in", csr, "-CA", self.ca_pem,
              "-CAkey", ca_key, "-CAcreateserial", "-out", self.cert,
              "-days", "2", "-extfile", ext], echo=echo)


# ----------------------------------------------------------- archives ----

@dataclasses.dataclass
class Artifact:
    filename: str
    data: bytes
    packagetype: str  # "sdist" | "bdist_wheel"

    @property
    def sha256(self):
        return sha256_hex(self.data)


def _tar_gz(members):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for path, text in members:
            data = text.encode() if isinstance(text, str) else text
            ti = tarfile.TarInfo(path)
            ti.size = len(data)
            ti.mtime = FIXED_MTIME
            ti.mode = 0o644
            tf.addfile(ti, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=FIXED_MTIME) as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


def _zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for path, text in members:
            data = text.encode() if isinstance(text, str) else text
            zi = zipfile.ZipInfo(path, date_time=(2023, 11, 14, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zf.writestr(zi, data)
    return out.getvalue()


def default_setup_py(name, version):
    return ("from setuptools import setup\n"
            "\n"
            "setup(\n"
            "    name=%r,\n"
            "    version=%r,\n"
            "    packages=[%r],\n"
            ")\n" % (name, version, dist_name(name)))


def default_module(name):
    return ('"""%s: a harmless fixture module."""\n'
            "\n"
            "\n"
            "def greet(who):\n"
            "    return 'hello, ' + who\n" % name)


def pkg_info(name, version):
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\n"
            "Summary: lockgate test fixture\n" % (name, version))


def sdist_members(name, version, setup_py=None, module=None, extra=None):
    """(path, text) members of an sdist: <dist>-<ver>/{setup.py,PKG-INFO,<pkg>/__init__.py}."""
    top = "%s-%s" % (dist_name(name), version)
    members = [
        (top + "/PKG-INFO", pkg_info(name, version)),
        (top + "/setup.py", setup_py if setup_py is not None
         else default_setup_py(name, version)),
        (top + "/%s/__init__.py" % dist_name(name),
         module if module is not None else default_module(name)),
    ]
    for path, text in (extra or {}).items():
        members.append((top + "/" + path, text))
    return members


def sdist(name, version, setup_py=None, module=None, extra=None,
          container="tar.gz", filename=None):
    """An sdist Artifact. container="zip" makes a zip (whatever the name)."""
    members = sdist_members(name, version, setup_py, module, extra)
    data = _zip(members) if container == "zip" else _tar_gz(members)
    fn = filename or "%s-%s.tar.gz" % (dist_name(name), version)
    return Artifact(fn, data, "sdist")


def _record_hash(data):
    d = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(d).rstrip(b"=").decode()


def wheel(name, version, module=None, pth=None, extra=None, purelib=True):
    """A py3-none-any wheel Artifact. pth: {"file.pth": text} at the root."""
    dn = dist_name(name)
    info = "%s-%s.dist-info" % (dn, version)
    members = [("%s/__init__.py" % dn,
                module if module is not None else default_module(name))]
    for path, text in (extra or {}).items():
        members.append((path, text))
    for path, text in (pth or {}).items():
        members.append((path, text))
    members.append((info + "/METADATA", pkg_info(name, version)))
    members.append((info + "/WHEEL",
                    "Wheel-Version: 1.0\nGenerator: lgindex\n"
                    "Root-Is-Purelib: %s\nTag: py3-none-any\n"
                    % ("true" if purelib else "false")))
    record = []
    for path, text in members:
        data = text.encode() if isinstance(text, str) else text
        record.append("%s,%s,%d" % (path, _record_hash(data), len(data)))
    record.append(info + "/RECORD,,")
    members.append((info + "/RECORD", "\n".join(record) + "\n"))
    fn = "%s-%s-py3-none-any.whl" % (dn, version)
    return Artifact(fn, _zip(members), "bdist_wheel")


def fail_files(flag_path, status=503, retry_after=1):
    """nginx directives for the /files/ location: answer `status` with
    Retry-After while flag_path exists (tests remove it to heal)."""
    return ("if (-f %s) { add_header Retry-After %d always; return %d; }"
            % (flag_path, retry_after, status))


def big_wheel(name, version, pth=None, filler_bytes=1_300_000, purelib=False,
              seed=1):
    """A wheel over the lazy-read threshold: a root-level .pth (optional)
    and an incompressible data member (seeded, reproducible). purelib=False
    writes Root-Is-Purelib: false, as a platform wheel does."""
    import random
    filler = random.Random(seed).randbytes(filler_bytes)
    return wheel(name, version, pth=pth,
                 extra={"%s/_blob.dat" % dist_name(name): filler},
                 purelib=purelib)


# --- the demo's malicious-looking (inert) package, shared with the tests ---

# What the payload would do if anyone ran it: connect to the discard port on
# loopback. Nobody runs it; lockgate only reads it.
DEMO_PAYLOAD = ("import socket\n"
                "s = socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
                "s.sendall(b'lockgate demo: this never runs')\n")


def demo_setup_py(name="demo-pkg", version="1.0"):
    blob = base64.b64encode(DEMO_PAYLOAD.encode()).decode()
    return ("import base64\n"
            "\n"
            "from setuptools import setup\n"
            "from setuptools.command.install import install\n"
            "\n"
            "\n"
            "class PostInstall(install):\n"
            "    def run(self):\n"
            "        install.run(self)\n"
            "        exec(base64.b64decode('%s'))\n"
            "\n"
            "\n"
            "setup(\n"
            "    name=%r,\n"
            "    version=%r,\n"
            "    packages=[%r],\n"
            "    cmdclass={'install': PostInstall},\n"
            ")\n" % (blob, name, version, dist_name(name)))


def line_of(text, needle):
    """1-based number of the first line of text containing needle."""
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    raise ValueError("%r not in text" % needle)


def demo_sdist(name="demo-pkg", version="1.0", **kw):
    return sdist(name, version, setup_py=demo_setup_py(name, version), **kw)


# setuptools' distutils-precedence.pth, byte for byte as setuptools writes it
# (textwrap'd lines joined with "; ", then write_file adds "\n").
DISTUTILS_PRECEDENCE_PTH = (
    "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; "
    "enabled = os.environ.get(var, 'local') == 'local'; "
    "enabled and __import__('_distutils_hack').add_shim(); \n")

MALICIOUS_PTH = 'import os;os.system("curl http://127.0.0.1:9/x")\n'


# -------------------------------------------------------------- index ----

@dataclasses.dataclass
class Request:
    method: str
    path: str
    status: int
    content_type: str = "-"
    authorization: str = "-"  # "-" or "Basic" (never the credentials)
    protocol: str = ""
    connection: int = 0
    range: str = ""       # the Range header ("" when none)
    sent: int = 0         # body bytes sent


def htpasswd_line(user, password):
    """An nginx auth_basic_user_file line ({SSHA}-free: apr1 via openssl)."""
    ossl = shutil.which("openssl") or "openssl"
    hashed = _run([ossl, "passwd", "-apr1", password]).strip()
    return "%s:%s\n" % (user, hashed)


class IndexServer:
    """A PyPI-like JSON API served by nginx over TLS on 127.0.0.1.

    with IndexServer(workdir, ca) as srv:
        srv.add("demo-pkg", "1.0", [demo_sdist()])
        ... srv.index_url ... srv.requests() ...
    Files may be added before or after start (nginx reads them per request).
    """

    def __init__(self, workdir, ca, echo=False, html_only=False, auth=None,
                 http=False, files_conf=""):
        """html_only: the Simple API answers text/html whatever is asked
        (devpi/Nexus style). auth: (user, password) for basic auth on every
        location. http: also listen on a plain-http port (self.http_port).
        files_conf: extra nginx directives for the /files/ location
        (e.g. "max_ranges 0;" or the fault injection of fail_files())."""
        self.dir = workdir
        self.files_conf = files_conf
        self.ca = ca
        self.echo = echo
        self.html_only = html_only
        self.auth = auth
        self.http_port = free_port() if http else None
        self.root = os.path.join(workdir, "root")
        self.access_log = os.path.join(workdir, "access.log")
        self.error_log = os.path.join(workdir, "error.log")
        os.makedirs(os.path.join(self.root, "pypi"), exist_ok=True)
        os.makedirs(os.path.join(self.root, "files"), exist_ok=True)
        os.makedirs(os.path.join(self.root, "simple"), exist_ok=True)
        self.port = free_port()
        self._releases = []  # kwargs of add(), replayed if the port changes
        self._prov_urls = {}  # filename -> PEP 740 URL of the Simple API page
        self._proc = None

    @property
    def base(self):
        return "https://127.0.0.1:%d" % self.port

    @property
    def index_url(self):
        return self.base + "/pypi"

    @property
    def simple_url(self):
        return self.base + "/simple/"

    @property
    def http_simple_url(self):
        return "http://127.0.0.1:%d/simple/" % self.http_port

    def add(self, name, version, artifacts, digest_override=None,
            serve_override=None, relative_urls=False, info_name=None,
            yanked=None, file_urls=None, upload_time=None, upload_times=None):
        """Publish a release.

        digest_override: {filename: sha256 hex} the JSON claims instead of
        the truth (a lying index). serve_override: {filename: bytes} served
        instead of the artifact's bytes (a swapped file); the JSON still
        describes the original artifact. yanked: None, or the reason
        ("" for none) the release was yanked with. file_urls: {filename: url}
        listed instead of this server's (files served elsewhere).
        upload_time: the upload time of every file, RFC 3339 UTC
        ("2026-11-27T23:00:00Z"; default 2023-11-14T22:13:20Z);
        upload_times: {filename: time} for single files.
        """
        rel = dict(name=name, version=version, artifacts=list(artifacts),
                   digest_override=dict(digest_override or {}),
                   serve_override=dict(serve_override or {}),
                   relative_urls=relative_urls, info_name=info_name,
                   yanked=yanked, file_urls=dict(file_urls or {}),
                   upload_time=upload_time or DEFAULT_UPLOAD_TIME,
                   upload_times=dict(upload_times or {}))
        self._releases.append(rel)
        self._write(rel)

    def add_provenance(self, name, version, filename, text, simple_field=False):
        """Serve text as the Integrity API provenance of one file:
        <root>/integrity/<project>/<version>/<filename>/provenance; with
        simple_field, at <root>/attest/<filename>.provenance instead, named
        by the PEP 691 page's "provenance" key of the file."""
        if simple_field:
            d, leaf = os.path.join(self.root, "attest"), filename + ".provenance"
            self._prov_urls[filename] = "%s/attest/%s" % (self.base, leaf)
        else:
            d = os.path.join(self.root, "integrity", canonical(name), version, filename)
            leaf = "provenance"
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, leaf), "w") as f:
            f.write(text)
        if simple_field:
            self._write_simple(canonical(name))

    def _write(self, rel):
        urls = []
        for a in rel["artifacts"]:
            served = rel["serve_override"].get(a.filename, a.data)
            with open(os.path.join(self.root, "files", a.filename), "wb") as f:
                f.write(served)
            url = ("../../../files/" + a.filename if rel["relative_urls"]
                   else "%s/files/%s" % (self.base, a.filename))
            url = rel["file_urls"].get(a.filename, url)
            urls.append({
                "filename": a.filename,
                "url": url,
                "packagetype": a.packagetype,
                "python_version": "source" if a.packagetype == "sdist" else "py3",
                "digests": {
                    "sha256": rel["digest_override"].get(a.filename, a.sha256),
                    "md5": hashlib.md5(a.data).hexdigest(),
                    "blake2b_256": hashlib.blake2b(a.data, digest_size=32).hexdigest(),
                },
                "md5_digest": hashlib.md5(a.data).hexdigest(),
                "size": len(a.data),
                "yanked": rel.get("yanked") is not None,
                "yanked_reason": rel.get("yanked") or None,
                "requires_python": None,
                "upload_time": _upload_time(rel, a)[:-1],
                "upload_time_iso_8601": _upload_time(rel, a)[:-1] + ".000001Z",
                "core-metadata": False,
                "comment_text": "",
                "has_sig": False,
                "downloads": -1,
            })
        doc = {
            "info": {"name": rel["info_name"] or rel["name"],
                     "version": rel["version"], "summary": "lockgate fixture",
                     "requires_dist": None, "yanked": False,
                     "yanked_reason": None},
            "urls": urls,
            "vulnerabilities": [],
            "last_serial": 1,
        }
        d = os.path.join(self.root, "pypi", canonical(rel["name"]), rel["version"])
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "json"), "w") as f:
            json.dump(doc, f, indent=1)
        self._write_simple(canonical(rel["name"]))

    def _simple_files(self, project):
        """(artifact, claimed sha256, yanked) of every release of project."""
        for rel in self._releases:
            if canonical(rel["name"]) != project:
                continue
            for a in rel["artifacts"]:
                yield a, rel["digest_override"].get(a.filename, a.sha256), rel
        return

    def _write_simple(self, project):
        """/simple/<project>/index.json (PEP 691) and index.html (PEP 503)."""
        import html as _html
        d = os.path.join(self.root, "simple", project)
        os.makedirs(d, exist_ok=True)
        files, anchors, versions = [], [], []
        for a, digest, rel in self._simple_files(project):
            if rel["version"] not in versions:
                versions.append(rel["version"])
            files.append({
                "filename": a.filename,
                "url": rel["file_urls"].get(a.filename,
                                            "%s/files/%s" % (self.base, a.filename)),
                "hashes": {"sha256": digest},
                "requires-python": ">=3.8",
                "size": len(a.data),
                "upload-time": _upload_time(rel, a),
                "yanked": (rel.get("yanked") or True) if rel.get("yanked") is not None
                          else False,
                "core-metadata": False,
                "provenance": self._prov_urls.get(a.filename),
            })
            yank = "" if rel.get("yanked") is None else (
                ' data-yanked="%s"' % _html.escape(rel["yanked"]))
            anchors.append('    <a href="../../files/%s#sha256=%s" '
                           'data-requires-python="&gt;=3.8"%s>%s</a><br />\n' % (
                               _html.escape(a.filename), digest, yank,
                               _html.escape(a.filename)))
        doc = {"meta": {"api-version": "1.1", "_last-serial": 1}, "name": project,
               "versions": versions, "files": files}
        page = ("<!DOCTYPE html>\n<html>\n  <head>\n"
                '    <meta name="pypi:repository-version" content="1.1">\n'
                "    <title>Links for %s</title>\n  </head>\n  <body>\n"
                "    <h1>Links for %s</h1>\n%s  </body>\n</html>\n" % (
                    project, project, "".join(anchors)))
        with open(os.path.join(d, "index.html"), "w") as f:
            f.write(page)
        if not self.html_only:
            with open(os.path.join(d, "index.json"), "w") as f:
                json.dump(doc, f, indent=1)

    @property
    def osv_url(self):
        return self.base + "/osv"

    def osv_answer(self, doc):
        """The fixed answer of POST /osv/v1/querybatch (whatever is asked)."""
        d = os.path.join(self.root, "osv", "v1")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "querybatch"), "w") as f:
            json.dump(doc, f)

    def _config(self):
        tmp = os.path.join(self.dir, "nginx-tmp")
        os.makedirs(tmp, exist_ok=True)
        user = "user root;\n" if os.geteuid() == 0 else ""
        auth = ""
        if self.auth:
            pw = os.path.join(self.dir, "htpasswd")
            with open(pw, "w") as f:
                f.write(htpasswd_line(*self.auth))
            auth = 'auth_basic "lockgate test index";\n        auth_basic_user_file %s;' % pw
        http = ("listen 127.0.0.1:%d;" % self.http_port) if self.http_port else ""
        return """\
%(user)sdaemon off;
master_process on;
worker_processes 1;
pid %(dir)s/nginx.pid;
error_log %(err)s info;
events { worker_connections 64; }
http {
    log_format lg '$request_method $request_uri $status $server_protocol '
                  '$connection "$http_range" $body_bytes_sent $lg_ctype $lg_auth';
    map $sent_http_content_type $lg_ctype { "" "-"; "~^([^;\\s]+)" $1; }
    map $http_authorization $lg_auth { "" "-"; "~^(\\S+)" $1; }
    map $http_accept $lg_simple_index {
        ~*application/vnd\\.pypi\\.simple\\.v1\\+json index.json;
        default index.html;
    }
    access_log %(acc)s lg;
    client_body_temp_path %(tmp)s/body;
    proxy_temp_path %(tmp)s/proxy;
    fastcgi_temp_path %(tmp)s/fastcgi;
    uwsgi_temp_path %(tmp)s/uwsgi;
    scgi_temp_path %(tmp)s/scgi;
    types { }
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:%(port)d ssl http2;
        %(http)s
        server_name localhost;
        ssl_certificate %(cert)s;
        ssl_certificate_key %(key)s;
        root %(root)s;
        %(auth)s
        location /pypi/ { default_type application/json; }
        location /simple/ {
            types { application/vnd.pypi.simple.v1+json json; text/html html; }
            index $lg_simple_index index.html;
        }
        location /files/ { %(files_conf)s }
        # A fixed OSV querybatch answer: nginx's static module refuses a
        # POST with 405; error_page turns it into a GET of the same file.
        location /osv/ { default_type application/json; error_page 405 =200 $uri; }
    }
}
""" % dict(user=user, auth=auth, http=http, dir=self.dir, err=self.error_log, acc=self.access_log,
           tmp=tmp, port=self.port, cert=self.ca.cert, key=self.ca.key,
           root=self.root, files_conf=self.files_conf)

    def start(self):
        nginx = os.environ.get("LG_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
        for attempt in range(5):
            conf = os.path.join(self.dir, "nginx.conf")
            with open(conf, "w") as f:
                f.write(self._config())
            cmd = [nginx, "-p", self.dir, "-e", self.error_log, "-c", conf]
            if self.echo:
                print("$ " + " ".join(shlex.quote(c) for c in cmd) + " &", flush=True)
            self._proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                          stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL,
                                          start_new_session=True)
            if self._wait_ready():
                return self
            err = self._error_tail()
            self.stop()
            if "Address already in use" not in err:
                raise RuntimeError("nginx did not start:\n" + err)
            # Someone took our port between free_port() and bind: move.
            self.port = free_port()
            if self.http_port:
                self.http_port = free_port()
            for rel in self._releases:
                self._write(rel)
        raise RuntimeError("nginx: no free port after 5 attempts")

    def _wait_ready(self, timeout=10.0):
        ctx = ssl.create_default_context(cafile=self.ca.ca_pem)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    with ctx.wrap_socket(s, server_hostname="127.0.0.1"):
                        return True
            except (OSError, ssl.SSLError):
                time.sleep(0.02)
        return False

    def _error_tail(self):
        try:
            with open(self.error_log, errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return "(no error log)"

    def stop(self):
        p, self._proc = self._proc, None
        if p is None or p.poll() is not None:
            return
        try:
            os.killpg(p.pid, signal.SIGTERM)  # master and its worker
        except ProcessLookupError:
            return
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    def requests(self):
        """Requests nginx logged so far (it writes the log unbuffered)."""
        out = []
        try:
            with open(self.access_log) as f:
                for line in f:
                    parts = line.split()
                    if len(parts) >= 9:
                        rng = parts[5].strip('"')
                        out.append(Request(parts[0], parts[1], int(parts[2]),
                                           parts[7], parts[8],
                                           parts[3], int(parts[4]),
                                           "" if rng == "-" else rng,
                                           int(parts[6])))
                    elif len(parts) >= 3:
                        out.append(Request(parts[0], parts[1], int(parts[2])))
        except FileNotFoundError:
            pass
        return out

    def requested(self, fragment):
        """Requests whose path contains fragment."""
        return [r for r in self.requests() if fragment in r.path]


# ---------------------------------------------------------------- git ----

class GitRepo:
    """A throwaway repository; commit() writes files then commits them."""

    def __init__(self, path, echo=False, env=None):
        self.path = path
        self.echo = echo
        self.env = dict(env if env is not None else os.environ)
        self.env.update(GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0")
        os.makedirs(path, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args, env=None):
        e = dict(self.env)
        e.update(env or {})
        return _run(["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid",
                     "-c", "commit.gpgsign=false", *args],
                    cwd=self.path, env=e, echo=self.echo)

    def write(self, files):
        """files: {relpath: text or None (delete)}."""
        for rel, text in files.items():
            p = os.path.join(self.path, rel)
            if text is None:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(p)
                continue
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(text)

    def stage(self, files, index_file=None):
        """Write and `git add` files without committing."""
        self.write(files)
        env = {"GIT_INDEX_FILE": index_file} if index_file else None
        self.git("add", "-A", "--", *files.keys(), env=env)

    def commit(self, files, message="change"):
        self.stage(files)
        self.git("commit", "-q", "--allow-empty", "-m", message)


@contextlib.contextmanager
def tempdir(prefix="lg-e2e-"):
    d = tempfile.mkdtemp(prefix=prefix)
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)
