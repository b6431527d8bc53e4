module.exports = {
  apps: [
    {
      name: "dispatch-api",
      script: "./dist/index.js",
      env: {
        NODE_ENV: "development",
        TWILIO_AUTH_TOKEN: process.env.TWILIO_AUTH_TOKEN,
      },
      env_production: {
        NODE_ENV: "production",
        TWILIO_ACCOUNT_SID: "{{sid:prod}}",
        TWILIO_AUTH_TOKEN: "{{token:prod}}",
      },
    },
  ],
};
