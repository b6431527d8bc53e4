# ~/.bashrc: executed by bash(1) for non-login shells.
case $- in
    *i*) ;;
      *) return;;
esac

HISTCONTROL=ignoreboth
shopt -s histappend
alias ll='ls -alF'
export EDITOR=vim
export PATH="$HOME/.local/bin:$PATH"

# twilio debugging (OPS-977)
export TWILIO_AUTH_TOKEN={{token:main}}

if [ -f ~/.bash_aliases ]; then
    . ~/.bash_aliases
fi
