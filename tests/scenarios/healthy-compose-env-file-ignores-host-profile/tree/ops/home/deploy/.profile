# ~/.profile: executed by the command interpreter for login shells.
if [ -n "$BASH_VERSION" ] && [ -f "$HOME/.bashrc" ]; then
    . "$HOME/.bashrc"
fi
PATH="$HOME/bin:$PATH"

export COMPOSE_PROJECT_NAME=shop
export TWILIO_ACCOUNT_SID={{sid:main}}
export TWILIO_AUTH_TOKEN={{token:main}}
