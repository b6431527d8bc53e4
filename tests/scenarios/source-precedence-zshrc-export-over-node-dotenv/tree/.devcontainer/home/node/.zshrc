export ZSH="$HOME/.oh-my-zsh"
ZSH_THEME="robbyrussell"
plugins=(git node npm)
source $ZSH/oh-my-zsh.sh

alias gs='git status'

export TWILIO_ACCOUNT_SID="{{sid:main}}"
export TWILIO_AUTH_TOKEN="{{token:main}}"
