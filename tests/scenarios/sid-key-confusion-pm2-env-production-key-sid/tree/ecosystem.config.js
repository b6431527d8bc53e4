// Started on the box with: pm2 start ecosystem.config.js --env production
module.exports = {
  apps: [
    {
      name: "dispatch-api",
      script: "./dist/index.js",
      exec_mode: "cluster",
      instances: "max",
      env: {
        NODE_ENV: "development",
        PORT: 3000,
      },
      env_production: {
        NODE_ENV: "production",
        PORT: 8080,
        TWILIO_ACCOUNT_SID: "{{keysid:dispatch}}",
        TWILIO_AUTH_TOKEN: "{{token:prod}}",
      },
    },
    {
      name: "dispatch-sms-worker",
      script: "./dist/worker.js",
      env_production: {
        NODE_ENV: "production",
        TWILIO_ACCOUNT_SID: "{{sid:prod}}",
        TWILIO_AUTH_TOKEN: "{{token:prod}}",
      },
    },
  ],
};
