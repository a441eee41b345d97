import base64
p = "aW1wb3J0IG9z"; exec(base64.b64decode(p))
def f(x):
    exec(x)
